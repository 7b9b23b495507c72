import { type ApiRoute, ok, workspaceOf } from '../../rest/api-route';
import type { SimResource } from '../resource';
import { userLite } from './serializer';

const routes: ApiRoute[] = [
  {
    method: 'GET',
    pattern: '/users/me/',
    run: (call) => ok({ ...userLite(call.user), is_bot: call.user.is_bot }),
  },
  {
    method: 'GET',
    pattern: '/workspaces/:slug/members/',
    run(call) {
      workspaceOf(call);
      const { data } = call.ctx;
      const members = data.workspace.members.flatMap((id) => data.users.filter((user) => user.id === id));
      return ok(members.map((user) => ({ ...userLite(user), role: user.id === data.workspace.owner ? 20 : 15 })));
    },
  },
];

/** Users: the caller (`/users/me/`) and the workspace's members. */
export const membersResource: SimResource<'users'> = {
  seed: (data) => ({ users: [data.human] }),
  routes,
};
