export { CjkPdf, loadFont, scriptRuns } from './cjk-pdf.js';
