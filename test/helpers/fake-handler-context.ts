import { type Logger, silentLogger } from '../../lambdas/core/logger';
import type { HandlerContext } from '../../lambdas/core/router';
import { createFakePlaneClient, FAKE_BOT_USER_ID, type FakePlaneClient } from './fake-plane-client';

/** The workspace of {@link fakeHandlerContext} and of the events in plane-events.ts. */
export const FAKE_WORKSPACE_ID = 'fake-workspace';

/** What a handler receives beside the event, with the fake Plane client in `plane`. */
export interface FakeHandlerContext extends HandlerContext {
  readonly plane: FakePlaneClient;
}

export interface FakeHandlerContextOptions {
  /** Default: an empty {@link createFakePlaneClient}. */
  readonly plane?: FakePlaneClient;
  /** Fields of the installation to change (`botUserId` defaults to {@link FAKE_BOT_USER_ID}). */
  readonly installation?: Partial<HandlerContext['installation']>;
  /** Default: a logger that writes nothing. */
  readonly log?: Logger;
}

/**
 * The `ctx` of a handler in a unit test: an installed workspace whose bot is the fake client's
 * `me()`, a fake Plane client, and a logger. Pass it to `createApp(setup).receive(event, ctx)`.
 */
export function fakeHandlerContext(options: FakeHandlerContextOptions = {}): FakeHandlerContext {
  const plane = options.plane ?? createFakePlaneClient();
  return {
    plane,
    log: options.log ?? silentLogger,
    installation: {
      workspaceId: FAKE_WORKSPACE_ID,
      workspaceSlug: plane.workspaceSlug,
      installationId: 'fake-installation',
      botUserId: FAKE_BOT_USER_ID,
      status: 'installed',
      createdAt: 0,
      updatedAt: 0,
      ...options.installation,
    },
  };
}
