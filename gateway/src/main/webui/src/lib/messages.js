// Every built-in word of the app, in one place (English). A translation is one more file of this shape.
export const messages = {
  appName: 'HyperStudy',
  notFound: { title: 'Nothing here', body: 'This address does not lead to a study. Please use the link you were given.' },
  join: {
    joining: 'Joining the study…',
    retrying: 'The connection is slow; trying again…',
    badLink: { title: 'This link does not work', body: 'The link is incomplete or has expired. Please open it again from the page that gave it to you.' },
    refused: { title: 'You cannot join this study right now' },
    invalid: { title: 'This link is not complete', body: 'Some of its details are missing or wrong. Please open it again from the page that gave it to you.' },
    failed: { title: 'The study cannot be reached', body: 'Please check your connection and try again in a moment.' },
    tryAgain: 'Try again',
  },
  waiting: {
    title: 'Waiting for the others',
    intro: 'Please keep this page open. The study starts as soon as enough people are here.',
    position: (n) => (n === 1 ? 'You are next in line.' : `You are number ${n} in line.`),
    positionUnknown: 'Finding your place in line…',
    waited: (s) => `You have waited ${formatDuration(s)}.`,
    leave: 'Leave the study',
    leaveConfirm: 'Leave the study? You will not be able to come back.',
  },
  room: {
    titleCue: '▶ Your study has started',
    connecting: 'Connecting to your group…',
    reconnecting: 'Connection lost. Reconnecting…',
    pleaseWait: 'Please wait: the others are doing this part.',
    waitingForOthers: 'Thank you. Waiting for the others…',
    continue: 'Continue',
    submit: 'Submit',
    required: 'required',
    missing: 'Please answer the questions marked required.',
    sending: 'Sending…',
    sent: 'Sent',
    paused: 'The study is paused for a moment.',
    timeLeft: (s) => `Time left: ${formatDuration(s)}`,
    step: (i, n) => `Part ${i} of ${n}`,
    unsupported: 'This part cannot be shown in this version of the app.',
  },
  done: {
    title: {
      completed: 'Thank you! You have finished the study.',
      timedOut: 'Sorry, no group could be formed in time.',
      dropped: 'Your session ended because the connection was lost for too long.',
      ended: 'The study was ended early.',
      noConsent: 'You chose not to take part.',
    },
    code: 'Your completion code',
    copy: 'Copy code',
    copied: 'Copied',
    returnTo: 'Return to the study site',
    redirecting: (s) => `Taking you back to the study site in ${s} s…`,
  },
};

export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return m > 0 ? `${m} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}
