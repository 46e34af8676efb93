// Copies what tsc does not: node and credential icons and the codex files (*.node.json) into dist/.
const { src, dest, task } = require('gulp');

task('build:icons', () =>
	src(['icons/*.{png,svg}', 'nodes/**/*.{png,svg}', 'credentials/**/*.{png,svg}', 'nodes/**/*.node.json'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist')),
);
