import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PyJson } from './plane-simulator';

/**
 * Webhook payloads shaped exactly like Plane's (v1 envelope, keys in Plane's order), for
 * `npm run send-webhook` and tests. Ids are fixed so a fixture sent twice is the same event.
 */
const actor = {
  id: '6bb20d1c-4960-41ca-af4f-cee01de160c4',
  first_name: 'Ada',
  last_name: 'Lovelace',
  email: 'ada@example.com',
  avatar: '',
  avatar_url: null,
  display_name: 'ada',
};
const WORKSPACE = 'd2d97c94-a6ad-4012-b526-5577c0d7c769';
const PROJECT = '22b6fc9c-1849-45da-b103-52a3e3a6b4c1';
const WORK_ITEM = '9a28bd00-ed9c-4f5d-8be9-fc05cbb1fc57';

const workItem = {
  id: WORK_ITEM,
  name: 'Café menu is blank on Safari',
  sequence_id: 12,
  project: PROJECT,
  workspace: WORKSPACE,
  state: { id: 'f3c1a7e2-0d4b-4b8e-9d61-1f2a3b4c5d6e', name: 'Todo', color: '#3A3A3A', group: 'unstarted' },
  priority: 'high',
  assignees: [],
  labels: [],
  description_html: '<p>Steps to reproduce…</p>',
  created_at: '2026-11-27T09:12:44.123456Z',
  updated_at: '2026-11-29T08:01:02.654321Z',
  created_by: actor.id,
};

function envelope(event: string, action: string, data: PyJson, activity: Record<string, PyJson> = {}): PyJson {
  return {
    event,
    action,
    webhook_id: '3c2c32ac-82df-48b3-be2a-a3e21dbe8692',
    workspace_id: WORKSPACE,
    data,
    activity: {
      field: null,
      new_value: null,
      old_value: null,
      actor,
      old_identifier: null,
      new_identifier: null,
      ...activity,
    },
  };
}

/**
 * The agent webhooks, kept as the bytes Python's `json.dumps` writes (webhook-fixtures/, made
 * with Python itself), named `<event>[-<form>].json`: the server's wrapped form, `-bare` (its
 * payload alone), `-docs` (the developer docs' examples), `-stop` (the Stop button's prompt).
 */
const FIXTURE_DIR = join(__dirname, 'webhook-fixtures');

function fileFixtures(): Array<[string, { event: string; body: PyJson }]> {
  return readdirSync(FIXTURE_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort()
    .map((name) => {
      const body = JSON.parse(readFileSync(fixtureFile(name), 'utf8')) as PyJson;
      return [name, { event: name.split('-')[0], body }];
    });
}

export const FIXTURES: Readonly<Record<string, { event: string; body: PyJson }>> = {
  'issue-created': { event: 'issue', body: envelope('issue', 'created', workItem) },
  'issue-updated': {
    event: 'issue',
    body: envelope(
      'issue',
      'updated',
      { ...workItem, priority: 'urgent' },
      { field: 'priority', new_value: 'urgent', old_value: 'high' },
    ),
  },
  'issue-deleted': { event: 'issue', body: envelope('issue', 'deleted', { id: WORK_ITEM }) },
  'issue_comment-created': {
    event: 'issue_comment',
    body: envelope('issue_comment', 'created', {
      id: 'c1d2e3f4-0000-4000-8000-000000000001',
      comment_html: '<p>Looks like a CSS issue</p>',
      issue: WORK_ITEM,
      project: PROJECT,
      workspace: WORKSPACE,
      actor: actor.id,
      access: 'INTERNAL',
      created_at: '2026-11-29T08:05:00.000000Z',
    }),
  },
  ...Object.fromEntries(fileFixtures()),
};

/** Where a fixture's file is, for tests that read its bytes. */
export function fixtureFile(name: string): string {
  return join(FIXTURE_DIR, `${name}.json`);
}

/** Replaces the fixture's workspace id (top level and in `data`), keeping key order. */
export function withWorkspace(body: PyJson, workspaceId: string | undefined): PyJson {
  if (!workspaceId) return body;
  return JSON.parse(JSON.stringify(body).split(WORKSPACE).join(workspaceId)) as PyJson;
}
