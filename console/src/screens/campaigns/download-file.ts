/** Hands a downloaded body to the browser as a file (the API's suggested name, else `fallback`). */
export function saveFile(download: { blob: Blob; fileName?: string }, fallback: string): string {
  const name = download.fileName ?? fallback;
  const url = URL.createObjectURL(download.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click's task ran; keep the URL a moment for slow hosts.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}
