// Origins Earshot may talk to when the user connects a CRM. They are optional
// host permissions: requested one origin at a time from the options page.
export const CRM_HOST_PERMISSIONS = [
  'https://api.hubapi.com/*',
  'https://*.pipedrive.com/*',
  // A webhook can live anywhere the user chooses; only its own origin is asked for.
  'https://*/*',
  'http://127.0.0.1/*',
  'http://localhost/*',
] as const;
