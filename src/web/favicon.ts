/** The web app's icon (`/favicon.ico`, `/favicon.svg`): 読 on the accent colour, a tiny inline SVG. */
export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#b4232c"/><text x="16" y="23" font-size="20" text-anchor="middle" fill="#fff" font-family="sans-serif">読</text></svg>`;
