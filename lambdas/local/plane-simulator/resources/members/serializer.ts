import type { JsonObject } from '../../format/python-json';
import type { SimUser } from './record';

/** Plane's `UserLiteSerializer`: the shape of `activity.actor` and expanded assignees. */
export function userLite(user: SimUser): JsonObject {
  return {
    id: user.id,
    first_name: user.first_name,
    last_name: user.last_name,
    email: user.email,
    avatar: user.avatar,
    avatar_url: user.avatar_url,
    display_name: user.display_name,
  };
}
