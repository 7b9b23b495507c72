/** Plane Cloud's API base URL: the default of the stage setting `planeApiUrl` and of PLANE_API_URL. */
export const DEFAULT_PLANE_API_URL = 'https://api.plane.so';

/** Plane Cloud's web app, where the browser goes after an install unless a success URL is set. */
export const DEFAULT_PLANE_WEB_URL = 'https://app.plane.so';
