/**
 * Web forms of the CRM intake (entity crmForm): one item per form, listed newest first.
 *
 *   PK = CRMFORM#{formId}   SK = FORM   GSI1 CRMFORMS / {createdAt}#{formId}
 *   formId, name, fields {name,email,phone,company,message: off|optional|required}, consentText, consentRequired,
 *   queueId, language, successMessage, keyHash (SHA-256 of the key, base64url), active, keyRotatedAt, createdBy,
 *   createdAt, updatedAt, version
 *
 * | access pattern                             | how |
 * |---|---|
 * | a form (admin edit, public config, submit) | GetItem |
 * | forms (admin list, newest first)           | ONE Query GSI1 CRMFORMS |
 * | create                                     | create (attribute_not_exists) |
 * | edit / rotate the key                      | patch (the form exists) where version = :v |
 */
import { CustomAttributeType, Entity, type EntityItem } from 'electrodb';
import { entityConfig, SERVICE } from '../data/electro';
import { FORM_LANGUAGES, type FieldMode, type FormFields } from './intake-contract';

export const FORM_ENTITY = 'crmForm';
export const FORMS_PK = 'CRMFORMS';

const buildForms = () =>
  new Entity(
    {
      model: { entity: FORM_ENTITY, version: '1', service: SERVICE },
      attributes: {
        formId: { type: 'string', required: true },
        name: { type: 'string', required: true },
        fields: { type: CustomAttributeType<Record<keyof FormFields, FieldMode>>('any'), required: true },
        consentText: { type: 'string', required: true },
        consentRequired: { type: 'boolean', required: true },
        queueId: { type: 'string', required: true },
        language: { type: FORM_LANGUAGES, required: true },
        successMessage: { type: 'string', required: true },
        keyHash: { type: 'string', required: true },
        active: { type: 'boolean', required: true },
        keyRotatedAt: { type: 'string', required: true },
        createdBy: { type: 'string', required: true },
        createdAt: { type: 'string', required: true },
        updatedAt: { type: 'string', required: true },
        version: { type: 'number', required: true },
      },
      indexes: {
        primary: {
          pk: { field: 'PK', composite: ['formId'], template: 'CRMFORM#${formId}', casing: 'none' },
          sk: { field: 'SK', composite: [], template: 'FORM', casing: 'none' },
        },
        newest: {
          index: 'GSI1',
          pk: { field: 'GSI1PK', composite: [], template: FORMS_PK, casing: 'none' },
          sk: {
            field: 'GSI1SK',
            composite: ['createdAt', 'formId'],
            template: '${createdAt}#${formId}',
            casing: 'none',
          },
        },
      },
    },
    entityConfig(),
  );

let built: ReturnType<typeof buildForms> | undefined;
/** Built on first use (the table name is read then, not at import). */
export const Forms = () => (built ??= buildForms());

export type FormItem = EntityItem<ReturnType<typeof Forms>>;
