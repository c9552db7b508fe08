/** The plugin API's major version. A plugin's manifest names the one it was built for. */
export const PLUGIN_API_VERSION = '1';

/** The versions this host can load. */
export const SUPPORTED_PLUGIN_API_VERSIONS: readonly string[] = ['1'];
