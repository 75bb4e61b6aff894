import packageJson from '../package.json';

/** The CLI's version (`ha-posture --version`, SARIF tool.driver.version). @public */
export const TOOL_VERSION: string = packageJson.version;
