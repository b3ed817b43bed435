/**
 * The benchmarks' GitHub: repositories of the one simulated GitHub
 * (src/testing/) holding a contract and its evidence at every ref, with pull
 * requests whose reviews and review comments are empty.
 */
import type { SimulatedGitHub, SimulatedPull, SimulatedRepository } from '../testing/simulated-github.js';

export interface RepositoryContent {
  /** `.github/readiness.yml` at every ref. */
  contract: string;
  /** Evidence files at every ref, by path. */
  evidence: Record<string, string>;
}

export function benchRepository(github: SimulatedGitHub, owner: string, name: string, content: RepositoryContent): SimulatedRepository {
  const repository = github.repository(owner, name);
  repository.setFile('.github/readiness.yml', content.contract);
  for (const [path, text] of Object.entries(content.evidence)) repository.setFile(path, text);
  return repository;
}

/** A pull request into `main` changing `files`, with no reviews yet and no push yet. */
export function benchPull(repository: SimulatedRepository, number: number, files: string[]): SimulatedPull {
  const pull = repository.pull(number, { files });
  pull.reviews = [];
  pull.reviewComments = [];
  return pull;
}
