import { Args, ID } from '@nestjs/graphql';

// The arguments every insight query shares, declared once so they read the same everywhere.

export const ProjectIdArg = (): ParameterDecorator =>
  Args('projectId', { type: () => ID, description: 'The project. Unknown projects are NOT_FOUND. Its time zone is the one the insight is computed in.' });

export const AsOfDataVersionArg = (): ParameterDecorator =>
  Args('asOfDataVersion', {
    type: () => String,
    nullable: true,
    description:
      'Compute as of this data version (a decimal string, e.g. the `dataVersion` of an earlier result) to get the same numbers again. Default: the current version; a version above it is refused (DATA_VERSION_UNAVAILABLE, extensions.code BAD_USER_INPUT).',
  });
