import type { SimUser } from './resources/members/record';

type InstallationStatus = 'pending' | 'installed' | 'failed' | 'reauthorize' | 'uninstalled';

interface SimWorkspace {
  id: string;
  slug: string;
  name: string;
  logo_url: string | null;
  owner: string;
  /** Member user ids, the human first; installed app bots join here. */
  members: string[];
  created_at: number;
}

/** The registered app (what "Build your own" creates). */
interface SimApplication {
  id: string;
  name: string;
  slug: string;
  client_id: string;
  agent_mentions: boolean;
}

export interface SimInstallation {
  id: string;
  workspace: string;
  application: string;
  installed_by: string;
  app_bot: string;
  /** The id of the webhook Plane subscribes for the app: the envelopes' `webhook_id`. */
  webhook: string;
  status: InstallationStatus;
  created_at: number;
  updated_at: number;
}

/**
 * The record lists of the Plane resources (`projects`, `workItems`, `cycles`, ...). Each
 * resource declares its own lists in its folder's `record.ts` (TypeScript declaration merging),
 * so adding a resource touches its folder and the registry line in `resources/index.ts` only.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by each resource's record.ts.
export interface SimulatorCollections {}

/**
 * Everything the simulated Plane holds: read it from tests and the local-mode console. Records
 * keep Plane's field names; timestamps are epoch milliseconds (serializers write Plane's ISO).
 */
export interface SimulatorData extends SimulatorCollections {
  readonly workspace: SimWorkspace;
  readonly application: SimApplication;
  /** The seeded human user, owner of the API key and the one who approves installs. */
  readonly human: SimUser;
  readonly installations: SimInstallation[];
}
