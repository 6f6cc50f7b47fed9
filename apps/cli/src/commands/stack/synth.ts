import { writeFile } from 'node:fs/promises';
import { ValidationError } from '@eks-upgrade/core-models';
import { ExitCode } from '../../cli/exit-codes.js';
import { parameterPrefixOf } from '../../context/agent-config.js';
import type { CommandContext } from '../../context/command-context.js';
import { checkNotifyArns } from '../../inputs/arns.js';
import { checkOutputFile } from '../../inputs/output-file.js';
import {
  parseS3Location,
  uploadPhaseZips,
  uploadTemplateBody,
} from '../../stack/cloudformation/code-upload.js';
import { configFromFile, synthesizeStack } from '../../stack/cloudformation/template-inputs.js';
import {
  MAX_TEMPLATE_BODY_BYTES,
  MAX_TEMPLATE_URL_BYTES,
  renderTemplate,
  templateDelivery,
} from '../../stack/cloudformation/template-output.js';
import { permissionWarnings } from '../../stack/iam-policies.js';
import { resolveZipDirectory } from '../../stack/lambda-zips.js';

/**
 * `eks-upgrade synth`: the stack as a CloudFormation template (JSON or YAML), built from the
 * same definitions `deploy` uses; with `--upload-to` the zips (and a template too large to pass
 * inline) are uploaded under content-addressed keys.
 */
export async function run(context: CommandContext<'synth'>): Promise<ExitCode> {
  const { flags } = context;
  // Everything the user typed is checked before any work or AWS call.
  const parameterPrefix = parameterPrefixOf(flags);
  const notifyArns = checkNotifyArns(flags['notify-arn']);
  const codeLocation =
    flags['upload-to'] === undefined ? undefined : parseS3Location(flags['upload-to'], '--upload-to');
  const templateFile =
    flags['template-file'] === undefined
      ? undefined
      : await checkOutputFile(
          context.resolvePath(flags['template-file']),
          flags['template-file'],
          '--template-file',
        );
  const zipDirectory = await resolveZipDirectory(flags['zip-dir'], context.resolvePath);
  const config = await configFromFile(context, flags.config);

  const {
    template,
    zips,
    config: stackConfig,
  } = await synthesizeStack({
    config,
    parameterPrefix,
    notifyArns,
    zipDirectory,
    codeLocation,
  });
  for (const warning of permissionWarnings(stackConfig)) context.log.warn(warning);
  const body = renderTemplate(template, flags.format ?? 'json');
  const minified = renderTemplate(template, 'json', { minified: true });
  const delivery = templateDelivery(minified);
  if (delivery === 'too-large') {
    throw new ValidationError('The template is too large for CloudFormation', [
      {
        path: '',
        message: `is ${Buffer.byteLength(minified)} bytes minified; CloudFormation reads at most ${MAX_TEMPLATE_URL_BYTES} bytes from S3`,
      },
    ]);
  }

  if (codeLocation) {
    const s3 = await context.services.s3();
    const uploaded = await uploadPhaseZips(s3, codeLocation, zips);
    context.log.info(
      uploaded.length === 0
        ? `the ${zips.length} zips are already in s3://${codeLocation.bucket}/${codeLocation.keyPrefix}`
        : `uploaded ${uploaded.map((key) => `s3://${codeLocation.bucket}/${key}`).join(', ')}`,
    );
    if (delivery === 's3') {
      const sts = await context.services.sts();
      const url = await uploadTemplateBody(s3, codeLocation, minified, await sts.config.region());
      context.log.info(`template uploaded (deploy it with TemplateURL): ${url}`);
    }
  }
  if (delivery === 's3') {
    context.log.warn(
      `the template is ${Buffer.byteLength(minified)} bytes minified, over the ${MAX_TEMPLATE_BODY_BYTES} bytes CloudFormation accepts inline: deploy it from S3 (TemplateURL; --upload-to uploads it, and CDK and the AWS CLI's cloudformation deploy --s3-bucket do it for you)`,
    );
  }

  const resources = Object.keys(template.Resources).length;
  if (templateFile) {
    await writeFile(templateFile, body);
    context.log.success(`wrote the template (${resources} resources) to ${flags['template-file']}`);
  } else {
    context.io.stdout.write(body.endsWith('\n') ? body : `${body}\n`);
    context.log.success(`template with ${resources} resources`);
  }
  return ExitCode.SUCCESS;
}
