/** Where the contract lives in a repository (Probot's config convention: `.github/<name>`). */
export const CONTRACT_FILE_NAME = 'readiness.yml';
export const CONTRACT_PATH = `.github/${CONTRACT_FILE_NAME}`;
