import { describe, expect, it } from 'vitest';
import { logicalId, referenceCycles, type SynthesizedLindung } from '../test-support.ts';
import { statelessLookups } from './stack-lookups.ts';

/**
 * The stack as a whole: references and outputs. Assertions on the shared synthesized app (see stacks.test.ts).
 */
export function statelessStackSuite(get: () => SynthesizedLindung): void {
  describe('stateless stack', () => {
    const { synth, t, employerSm } = statelessLookups(get);

    describe('references', () => {
      it('has no reference cycle inside either stack (CloudFormation would reject it at deploy time)', () => {
        expect(referenceCycles(t().toJSON())).toEqual([]);
        expect(referenceCycles(synth().statefulTemplate.toJSON())).toEqual([]);
      });

      it('the cycle check does find one (function ↔ state machine, as a Ref in the environment would make)', () => {
        const cyclic = {
          Resources: {
            Fn: { Properties: { Environment: { Variables: { ARN: { Ref: 'Sm' } } } } },
            Sm: { Properties: { DefinitionSubstitutions: { F: { 'Fn::GetAtt': ['Fn', 'Arn'] } } } },
            Other: { Properties: { X: { 'Fn::Sub': `\${Sm.Name}` } } },
          },
        };
        expect(referenceCycles(cyclic)).toEqual([['Fn', 'Sm', 'Fn']]);
      });

      it('publishes both state machine ARNs as outputs', () => {
        t().hasOutput('EnrollmentStateMachineArn', {
          Value: { Ref: logicalId(synth().stateless.enrollmentStateMachine) },
        });
        t().hasOutput('EmployerNotificationStateMachineArn', { Value: { Ref: employerSm() } });
      });
    });
  });
}
