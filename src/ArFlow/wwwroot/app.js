// Saves a file the server streamed to the page (the Excel exports of the lists).
window.arflowDownload = async (fileName, streamRef) => {
  const blob = new Blob([await streamRef.arrayBuffer()]);
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url; a.download = fileName; a.click();
  URL.revokeObjectURL(url);
};
