// ECharts (about 1 MB) is loaded when a chart is first drawn, not with the page: the dashboard draws none, and
// parsing it first would hold up the dashboard's first paint. The service worker keeps it like the rest of the shell.
const SOURCE = 'webjars/echarts/dist/echarts.min.js';
let loading = null;

/** ECharts, once its script has run. */
export function ready() {
  if (window.echarts) return Promise.resolve(window.echarts);
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = SOURCE;
    script.onload = () => resolve(window.echarts);
    script.onerror = () => {
      loading = null;
      reject(new Error(`${SOURCE} did not load`));
    };
    document.head.append(script);
  });
  return loading;
}
