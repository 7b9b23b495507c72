import type { EnvSource } from '../core/config';
import { Env } from '../core/env-names';
import type { LogLevel } from '../core/logger';
import { METRICS_NAMESPACE } from '../core/metrics';
import { createEmfMetrics, type EmfMetrics } from './emf-metrics';

/** The metrics every function emits, named from the stack's environment. */
export function metricsFromEnv(env: EnvSource): EmfMetrics {
  return createEmfMetrics({
    namespace: env[Env.MetricsNamespace] || METRICS_NAMESPACE,
    stage: env[Env.Stage] || 'local',
  });
}

export function logLevelFromEnv(env: EnvSource): LogLevel {
  const level = (env[Env.LogLevel] ?? env.LOG_LEVEL ?? 'info').toLowerCase();
  return level === 'debug' || level === 'warn' || level === 'error' ? level : 'info';
}
