/** A Plane user: the seeded human, or an app's bot (`is_bot`), made on install. */
export interface SimUser {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  display_name: string;
  avatar: string;
  avatar_url: string | null;
  is_bot: boolean;
}

declare module '../../simulator-data' {
  interface SimulatorCollections {
    /** Humans and app bots. */
    readonly users: SimUser[];
  }
}
