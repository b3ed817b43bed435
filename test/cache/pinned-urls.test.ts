import { describe, expect, it } from '@jest/globals';
import { isLastingNotFound, isPinned } from '../../src/cache/pinned-urls.js';

const API = 'https://api.github.com/repos/acme/churn';
const SHA = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821';
const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e';

describe('what a URL pins', () => {
  it.each([
    `${API}/contents/docs/model-card.md?ref=${SHA}`,
    `${API}/contents?ref=${SHA}`,
    `${API}/git/trees/${SHA}?recursive=1`,
    `${API}/git/blobs/${SHA}`,
    `${API}/compare/${BASE}...${SHA}?per_page=1`,
    `${API}/compare/${BASE}..${SHA}`,
    `${API}/commits/${SHA}`,
    `${API}/commits?sha=${SHA}&path=ops%2Frunbook.md&per_page=1`,
    `https://ghe.example.com/api/v3/repos/acme/churn/contents/a.md?ref=${SHA}`,
  ])('%s cannot change', (url) => {
    expect(isPinned(url)).toBe(true);
  });

  it.each([
    // Branches move, whatever they are called (a branch may be named like a short SHA).
    `${API}/contents/docs/model-card.md?ref=main`,
    `${API}/contents/docs/model-card.md?ref=${SHA.slice(0, 39)}`,
    `${API}/contents/docs/model-card.md?ref=${SHA.toUpperCase()}`,
    `${API}/contents/docs/model-card.md`,
    `${API}/contents/docs/model-card.md?ref=${SHA}&ref=main`,
    `${API}/compare/main...${SHA}`,
    `${API}/compare/${BASE}...feature`,
    `${API}/compare/someone:${BASE}...${SHA}`,
    // What is attached to a commit changes: checks, statuses, the pull requests that hold it.
    `${API}/commits/${SHA}/check-runs`,
    `${API}/commits/${SHA}/status`,
    `${API}/commits/${SHA}/pulls?per_page=100`,
    `${API}/commits?sha=main&path=a.md`,
    `${API}/commits?path=a.md`,
    // A pull request's files follow its branch; only the compare between two SHAs is pinned.
    `${API}/pulls/1/files?per_page=100`,
    `${API}/git/refs/heads/main`,
  ])('%s may change', (url) => {
    expect(isPinned(url)).toBe(false);
  });
});

describe('which 404s last', () => {
  it('a file missing at a commit GitHub has stays missing', () => {
    expect(isLastingNotFound(`${API}/contents/a.md?ref=${SHA}`, 'Not Found')).toBe(true);
  });

  it('a commit GitHub does not know yet, or an object missing by SHA, is asked for again', () => {
    expect(isLastingNotFound(`${API}/contents/a.md?ref=${SHA}`, `No commit found for the ref ${SHA}`)).toBe(false);
    expect(isLastingNotFound(`${API}/compare/${BASE}...${SHA}`, 'Not Found')).toBe(false);
    expect(isLastingNotFound(`${API}/git/blobs/${SHA}`, 'Not Found')).toBe(false);
  });
});
