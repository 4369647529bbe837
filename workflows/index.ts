// The workflows a kaiku worker runs; the worker bundles this file.
export { pollSource } from './poll-source.js';
export { dispatchApprovals } from './dispatch-approvals.js';
export { approveItem } from './approve-item.js';
export { sendDigests } from './send-digests.js';
export { digestPreview, advocatesImport } from './digest-commands.js';
export { pointsTally, rewardsClose, dailyNudges } from './engagement.js';
export { suggestLink } from './suggest-link.js';
export { signInLink } from './sign-in-link.js';
export { onboardingRound, onboardingEnrol } from './onboarding.js';
export { retentionRound } from './retention.js';
export { urgentSend } from './urgent-send.js';
