// Placeholder: starts nothing yet.
export default async function setup(): Promise<void> {}
