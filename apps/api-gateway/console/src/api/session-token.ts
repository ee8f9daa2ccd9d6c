/** The admin token lives in this tab's sessionStorage only: closing the tab forgets it. */
const KEY = 'railyard.console.token';

export const readToken = (): string | null => sessionStorage.getItem(KEY);
export const saveToken = (token: string): void => sessionStorage.setItem(KEY, token);
export const forgetToken = (): void => sessionStorage.removeItem(KEY);
