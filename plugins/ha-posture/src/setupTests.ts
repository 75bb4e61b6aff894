import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Component tests render a whole test app; on a loaded 2-core CI machine that can exceed jest's 5 s.
jest.setTimeout(60_000);
// findBy*/waitFor default to 1 s, too short for the same reason.
configure({ asyncUtilTimeout: 15_000 });
