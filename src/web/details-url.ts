/** The address of a pull request's details page: what each `readiness` check run's "Details" link opens. */
import type { PullRef } from '../github/client.js';

export function detailsUrl(publicUrl: string, ref: PullRef): string {
  return `${publicUrl}/readiness/${encodeURIComponent(ref.owner)}/${encodeURIComponent(ref.repo)}/pull/${ref.number}`;
}
