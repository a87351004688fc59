/** English messages every element shows: its states and errors. Words only some share are in shared-messages.ts. */
export const en = {
  loading: 'Loading…',
  retry: 'Try again',
  errorTitle: 'This could not be loaded',
  networkError: 'The service could not be reached. Check your connection and try again.',
  forbiddenTitle: 'No permission',
  forbidden: 'Your account does not have permission to see this. Ask your administrator for access.',
  noProvider: 'This element must be placed inside a <gp-provider>.',
  unavailableTitle: 'Temporarily unavailable',
};
