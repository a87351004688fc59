/** English messages every element shares: states, errors, and words several elements use. */
export const en = {
  loading: 'Loading…',
  retry: 'Try again',
  errorTitle: 'This could not be loaded',
  networkError: 'The service could not be reached. Check your connection and try again.',
  forbiddenTitle: 'No permission',
  forbidden: 'Your account does not have permission to see this. Ask your administrator for access.',
  noProvider: 'This element must be placed inside a <gp-provider>.',
  unavailableTitle: 'Temporarily unavailable',
  urgencyName: { blocker: 'Blocker', critical: 'Critical', major: 'Major', minor: 'Minor' } as Record<string, string>,
  minutes: (m: number) => {
    const [n, unit] = m < 60 ? [m, 'minute'] : m < 1440 ? [Math.round(m / 60), 'hour'] : [Math.round(m / 1440), 'day'];
    return `${n} ${unit}${n === 1 ? '' : 's'}`;
  },
  back: 'Back to tickets',
  serverName: 'Name',
  required: 'Required.',
};
