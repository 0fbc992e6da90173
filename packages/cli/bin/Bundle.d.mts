/** The CLI's bundle (see Bundle.mjs). */
export declare const workspaceRoot: string
export declare const bundlePath: string
/** True when the bundle exists and every workspace file it was built from is as it was then. */
export declare const isFresh: () => boolean
/** Builds the bundle and its record of inputs. */
export declare const build: () => Promise<void>
