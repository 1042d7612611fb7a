export function platformNode(): { bin: string; version: string } | undefined;
export function requiredNode(): [number, number, number];
export function onPlatformNode(log: (line: string) => void): Promise<void>;
