import type { AppSetup } from '../core/router';

/** The kit user's handlers. Replaced by the example agent. */
const setup: AppSetup = (app) => {
  app.onAny((event, ctx) => {
    ctx.log.info('event received', { event: event.name });
  });
};

export default setup;
