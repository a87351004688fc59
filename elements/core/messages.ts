/** English messages every element shows: its states and errors. Words only some share are in shared-messages.ts. */
export const en = {
  loading: 'Loading…',
  retry: 'Try again',
  networkError: 'The service could not be reached. Check your connection and try again.',
  forbidden: 'Your account does not have permission to see this. Ask your administrator for access.',
  originNotAllowed: 'This site is not allowed to use this portal widget. The provider registers the sites that may embed it.',
  noProvider: 'This element must be placed inside a <gp-provider>.',
  /** `system` starts the sentence: "The billing system". */
  unreachable: (system: string) => `${system} is not reachable right now. Try again in a moment.`,
  serverError: 'Something went wrong on our side. Try again; if it keeps happening, contact support.',
  /** An error answer without the host's words (a proxy's page). */
  requestRefused: (status: number) => `The request was refused (HTTP ${status}). Try again; if it keeps happening, contact support.`,
};
