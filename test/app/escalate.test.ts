import { escalate } from '../../lambdas/app/escalate';
import { createApp } from '../../lambdas/core/router';
import { fakeHandlerContext } from '../helpers/fake-handler-context';
import { createFakePlaneClient } from '../helpers/fake-plane-client';
import { commentCreated } from '../helpers/plane-events';

const workItem = { id: 'item-1', project: 'project-1', name: 'Checkout fails', priority: 'low' };
const where = { projectId: 'project-1', workItemId: 'item-1' };

test('a comment that says "urgent" raises the priority and says so, once', async () => {
  const plane = createFakePlaneClient({ workItems: [workItem] });
  const app = createApp(escalate);
  const event = commentCreated({ ...where, html: '<p>Customers cannot pay: urgent!</p>' });

  await app.receive(event, fakeHandlerContext({ plane }));
  await app.receive(event, fakeHandlerContext({ plane })); // Plane may send an event twice

  expect(plane.records.workItems[0].priority).toBe('urgent');
  expect(plane.records.comments.map((comment) => comment.comment_html)).toEqual([
    '<p>Raised the priority to urgent.</p>',
  ]);
});

test('other comments change nothing', async () => {
  const plane = createFakePlaneClient({ workItems: [workItem] });
  const event = commentCreated({ ...where, html: '<p>Works for me</p>' });

  await createApp(escalate).receive(event, fakeHandlerContext({ plane }));

  expect(plane.calls).toEqual([]);
});
