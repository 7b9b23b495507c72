import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';

/** Levels whose lines are rare and followed up by a person: they carry the invocation's request id. */
const FOLLOWED_UP = new Set(['WARN', 'ERROR', 'CRITICAL']);

/**
 * Powertools lines without what CloudWatch already knows. The default format adds the function's
 * name, ARN, memory, cold start, request id, service, sampling rate, X-Ray id and a timestamp to
 * every line (about 400 B): the log group names the function and CloudWatch stamps each event.
 * INFO and DEBUG lines are `level`, `message` and the fields; warnings and errors add `requestId`.
 */
export class CompactLogFormatter extends LogFormatter {
  public formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const requestId = FOLLOWED_UP.has(attributes.logLevel) ? attributes.lambdaContext?.awsRequestId : undefined;
    return new LogItem({
      attributes: { level: attributes.logLevel, message: attributes.message, ...(requestId ? { requestId } : {}) },
    }).addAttributes(additionalLogAttributes);
  }
}
