/** Configs as Connect passes them to connectors and tasks: string keys to string values. */
export type Props = Readonly<Record<string, string>>;
