/** Save text as a file the user downloads (a person's data, a CSV for a CRM, a backup). */
export function download(fileName: string, content: string | Blob, type = 'text/plain;charset=utf-8'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  // The browser has the file by then; give it time before the address goes.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
