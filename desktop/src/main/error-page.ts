/** The page the lane shows after it gave up restarting a crashing renderer. */
export function errorPageDataUrl(reason: string): string {
  const safe = reason.replace(/[^A-Za-z0-9 _-]/g, '');
  const html = `<!doctype html><meta charset="utf-8"><title>Mendian</title>
<body style="font:24px sans-serif;background:#0f172a;color:#f8fafc;padding:48px">
<h1>收银界面反复崩溃，已停止自动重启</h1>
<p>The till screen crashed repeatedly and the lane stopped restarting it.</p>
<p>原因 Reason: ${safe}</p><p>请联系店长 · Please call the store manager.</p></body>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}
