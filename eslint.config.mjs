// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const frameworkImports = {
  patterns: [
    {
      group: [
        '@nestjs/*',
        'typeorm',
        'typeorm/*',
        'bullmq',
        'ioredis',
        'socket.io',
        'socket.io-*',
        'pg',
      ],
      message: 'The domain and the dispatch engine are plain TypeScript: no framework imports.',
    },
    { group: ['../../*'], message: 'Import other libs through their @app/* alias.' },
  ],
};

/**
 * Browser code never hands text to the DOM as HTML: names and messages come from other users
 * (a stop name an office account typed, a rider's name), and Leaflet sets a string tooltip,
 * popup or div icon as innerHTML. Map labels go through `mapLabel` (libs/web-ui); JSX and htm
 * escape by themselves.
 */
const markupSinks = [
  {
    selector:
      "CallExpression[callee.property.name=/^(bindTooltip|bindPopup|setTooltipContent|setPopupContent)$/][arguments.0.callee.name!='mapLabel']",
    message: 'Leaflet parses a string as HTML: pass mapLabel(text) from @app/web-ui.',
  },
  {
    selector:
      "CallExpression[callee.property.name='divIcon'] Property[key.name='html'][value.callee.name!='mapLabel']",
    message: 'Leaflet parses a string as HTML: pass mapLabel(text) from @app/web-ui.',
  },
  {
    selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
    message: 'Set textContent, or build elements; never innerHTML.',
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: 'Build elements; never HTML strings.',
  },
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message: 'Render text through JSX, which escapes it.',
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/libs/*', '../../libs/*'], message: 'Use the @app/* alias.' }] },
      ],
    },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/dispatch/**/*.ts', 'libs/routing/src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', frameworkImports] },
  },
  {
    files: ['apps/web-*/src/**/*.{ts,tsx}', 'libs/web-ui/src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-syntax': ['error', ...markupSinks] },
  },
  {
    files: ['apps/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/apps/*', '../../*'],
              message: 'Apps never import each other; use @app/* libs.',
            },
          ],
        },
      ],
    },
  },
  {
    // Booking status and history have one writer (issue 16).
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: [
      'libs/persistence/**',
      'libs/domain/**',
      'libs/dispatch/**',
      'libs/routing/src/core/**',
      'libs/application/src/bookings/booking-lifecycle.service.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@app/persistence',
              importNames: ['BookingEventEntity'],
              message:
                'Booking status and its history have one writer: BookingLifecycleService.transition / transitionIn.',
            },
          ],
          patterns: [
            { group: ['**/apps/*'], message: 'Apps never import each other, libs never an app.' },
            { group: ['**/libs/*', '../../libs/*', '../../*'], message: 'Use the @app/* alias.' },
          ],
        },
      ],
    },
  },
);
