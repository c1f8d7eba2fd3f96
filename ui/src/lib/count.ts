// Counts in words, so a count of one reads "1 change" and not "1 changes".

/** Formats a count with the singular or plural noun, such as "1 change" or "3 changes". */
export function countLabel(count: number, singular: string, plural = `${singular}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? singular : plural}`;
}
