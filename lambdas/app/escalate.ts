import type { AppSetup } from '../core/router';

/** When a comment says "urgent", raises the work item's priority to urgent and says so. */
export const escalate: AppSetup = (app) => {
  app.on('issue_comment.created', async (event, ctx) => {
    const { id, project, issue, comment_html } = event.data;
    if (!project || !issue || !/\burgent\b/i.test(comment_html ?? '')) return;
    await ctx.plane.workItems.update(project, issue, { priority: 'urgent' });
    await ctx.plane.comments.create(project, issue, {
      comment_html: '<p>Raised the priority to urgent.</p>',
      external_source: 'my-app',
      external_id: `escalated:${id}`, // if Plane sends the event again, this finds the first reply (409)
    });
  });
};
