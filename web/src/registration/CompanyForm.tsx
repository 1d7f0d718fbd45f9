/**
 * Registration stage 2: company name, the person's names, the portal name (suggested from the company
 * name, validated live with the API's rules), the licence terms, an optional promo code. Creating it
 * makes the person the portal's first admin; the tokens are then refreshed to carry the new groups.
 * In `join` mode (an allowed e-mail domain, portal already there) only the names are asked.
 */
import { Anchor, Checkbox, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconBuilding, IconWorld } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { portalNameProblem, suggestPortalName, type PortalNameProblem } from '../../../shared/portal/portal-name';
import { ApiError } from '../api/client';
import { useApi, useServices } from '../services';
import { forgetPortalInfo, registrationKeys, usePortalInfo } from './api';
import { AuthFrame } from '../pages/auth/AuthFrame';
import { FormError, SubmitButton } from '../pages/auth/FormParts';
import { NameFields } from '../pages/auth/NameFields';

type Field = 'companyName' | 'firstName' | 'lastName' | 'portalName' | 'acceptLicence' | 'promoCode';
type Errors = Partial<Record<Field, string>>;

const timeZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
};

export function CompanyForm({ mode, email }: { mode: 'company' | 'join'; email: string }) {
  const { t } = useTranslation();
  const { session } = useServices();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const portal = usePortalInfo();
  const join = mode === 'join';

  const [companyName, setCompanyName] = useState('');
  const [firstName, setFirstName] = useState('');
  const [lastName, setLastName] = useState('');
  const [portalName, setPortalName] = useState('');
  const [portalNameEdited, setPortalNameEdited] = useState(false);
  const [accept, setAccept] = useState(false);
  const [promoCode, setPromoCode] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [licenceOpen, setLicenceOpen] = useState(false);
  const companyNameRef = useRef<HTMLInputElement>(null);
  const firstNameRef = useRef<HTMLInputElement>(null);
  const lastNameRef = useRef<HTMLInputElement>(null);
  const portalNameRef = useRef<HTMLInputElement>(null);
  const promoCodeRef = useRef<HTMLInputElement>(null);
  const acceptRef = useRef<HTMLInputElement>(null);

  const nameProblem: PortalNameProblem | null = portalName ? portalNameProblem(portalName) : null;
  const nameError = (p: PortalNameProblem | 'taken') => t(`registration.company.errors.portalName.${p}`);
  const clear = (f: Field) => setErrors((e) => ({ ...e, [f]: undefined }));
  const edit = (f: Field, set: (v: string) => void, v: string) => {
    set(v);
    clear(f);
  };

  const check = (): Errors => {
    const e: Errors = {};
    if (!join) {
      if (!companyName.trim()) e.companyName = t('registration.company.errors.required');
      else if (companyName.trim().length < 2) e.companyName = t('registration.company.errors.companyShort');
    }
    if (!firstName.trim()) e.firstName = t('registration.company.errors.required');
    if (!lastName.trim()) e.lastName = t('registration.company.errors.required');
    if (!join) {
      const p = portalNameProblem(portalName);
      if (!portalName) e.portalName = t('registration.company.errors.required');
      else if (p) e.portalName = nameError(p);
      if (!accept) e.acceptLicence = t('registration.company.errors.licence');
    }
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (busy) return;
    const e = check();
    setErrors(e);
    setFailure(null);
    const order: [Field, typeof firstNameRef][] = [
      ['companyName', companyNameRef],
      ['firstName', firstNameRef],
      ['lastName', lastNameRef],
      ['portalName', portalNameRef],
      ['promoCode', promoCodeRef],
      ['acceptLicence', acceptRef],
    ];
    const first = order.find(([f]) => e[f]);
    if (first) return first[1].current?.focus();
    setBusy(true);
    try {
      const tz = timeZone();
      if (join)
        await api.registration.join({
          body: { firstName: firstName.trim(), lastName: lastName.trim(), ...(tz ? { timeZone: tz } : {}) },
        });
      else {
        await api.registration.createCompany({
          body: {
            companyName: companyName.trim(),
            firstName: firstName.trim(),
            lastName: lastName.trim(),
            portalName,
            acceptLicence: true,
            ...(promoCode.trim() ? { promoCode: promoCode.trim() } : {}),
            ...(tz ? { timeZone: tz } : {}),
          },
        });
      }
      // The groups were just added: new tokens carry them, and the portal opens.
      await session.refresh();
      void queryClient.invalidateQueries({ queryKey: registrationKeys.status });
      forgetPortalInfo();
      navigate('/', { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fields?.length) {
        const fe: Errors = {};
        for (const f of err.fields) {
          if (f.path === 'promoCode') fe.promoCode = t('registration.company.errors.promoCode');
          else if (f.path === 'portalName') fe.portalName = nameError(portalNameProblem(portalName) ?? 'characters');
          else if (f.path === 'acceptLicence') fe.acceptLicence = t('registration.company.errors.licence');
          else if (f.path === 'companyName' || f.path === 'firstName' || f.path === 'lastName') fe[f.path] = f.reason;
        }
        setErrors(fe);
      } else if (err instanceof ApiError && err.code === 'PORTAL_NAME_TAKEN')
        setErrors({ portalName: nameError('taken') });
      else if (err instanceof ApiError && err.code === 'PORTAL_EXISTS')
        setFailure(t('registration.company.errors.portalExists'));
      else if (err instanceof ApiError && err.code === 'EMAIL_NOT_CONFIRMED')
        setFailure(t('registration.company.errors.notConfirmed'));
      else if (err instanceof ApiError && err.code === 'ALREADY_REGISTERED') {
        await session.refresh().catch(() => undefined);
        navigate('/', { replace: true });
      } else setFailure(t('registration.company.errors.unknown'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthFrame
      title={join ? t('registration.company.joinTitle') : t('registration.company.title')}
      subtitle={
        join
          ? t('registration.company.joinSubtitle', { name: portal.data?.name ?? '' })
          : t('registration.company.subtitle')
      }
      testId="company-page"
      width={520}
      signOut
    >
      <form onSubmit={(e) => void submit(e)} noValidate data-testid="company-form">
        <Stack gap="md">
          <Text size="sm" c="dimmed" data-testid="company-signed-in-as">
            {t('registration.company.email', { email })}
          </Text>
          {failure ? <FormError testId="company-error">{failure}</FormError> : null}
          {join ? null : (
            <TextInput
              ref={companyNameRef}
              label={t('registration.company.companyName')}
              placeholder={t('registration.company.companyNamePlaceholder')}
              required
              autoComplete="organization"
              leftSection={<IconBuilding size={16} aria-hidden="true" />}
              value={companyName}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setCompanyName(v);
                clear('companyName');
                if (!portalNameEdited) {
                  setPortalName(suggestPortalName(v));
                  clear('portalName');
                }
              }}
              error={errors.companyName}
              data-testid="company-name"
            />
          )}
          <NameFields
            first={{
              ref: firstNameRef,
              label: t('registration.company.firstName'),
              value: firstName,
              onChange: (v) => edit('firstName', setFirstName, v),
              error: errors.firstName,
              testId: 'company-first-name',
            }}
            last={{
              ref: lastNameRef,
              label: t('registration.company.lastName'),
              value: lastName,
              onChange: (v) => edit('lastName', setLastName, v),
              error: errors.lastName,
              testId: 'company-last-name',
            }}
          />
          {join ? null : (
            <>
              <TextInput
                ref={portalNameRef}
                label={t('registration.company.portalName')}
                description={t('registration.company.portalNameDescription')}
                required
                autoCapitalize="none"
                spellCheck={false}
                leftSection={<IconWorld size={16} aria-hidden="true" />}
                value={portalName}
                onChange={(e) => {
                  setPortalName(e.currentTarget.value.toLowerCase().replace(/\s+/g, '-'));
                  setPortalNameEdited(true);
                  clear('portalName');
                }}
                error={errors.portalName ?? (nameProblem ? nameError(nameProblem) : undefined)}
                data-testid="company-portal-name"
              />
              <TextInput
                ref={promoCodeRef}
                label={t('registration.company.promoCode')}
                autoCapitalize="characters"
                spellCheck={false}
                value={promoCode}
                onChange={(e) => {
                  setPromoCode(e.currentTarget.value);
                  clear('promoCode');
                }}
                error={errors.promoCode}
                data-testid="company-promo-code"
              />
              <Checkbox
                ref={acceptRef}
                checked={accept}
                onChange={(e) => {
                  setAccept(e.currentTarget.checked);
                  clear('acceptLicence');
                }}
                label={
                  <Trans
                    i18nKey="registration.company.acceptLicence"
                    components={[
                      <Anchor
                        key="licence"
                        component="button"
                        type="button"
                        fz="inherit"
                        onClick={(e) => {
                          e.preventDefault();
                          setLicenceOpen(true);
                        }}
                        data-testid="company-licence-link"
                      />,
                    ]}
                  />
                }
                error={errors.acceptLicence}
                data-testid="company-accept-licence"
              />
            </>
          )}
          <SubmitButton
            busy={busy}
            label={join ? t('registration.company.joinSubmit') : t('registration.company.submit')}
            busyLabel={t('registration.company.submitting')}
            testId="company-submit"
          />
        </Stack>
      </form>
      <Modal
        opened={licenceOpen}
        onClose={() => setLicenceOpen(false)}
        title={t('registration.company.licenceTitle')}
        centered
      >
        <Text size="sm">{t('registration.company.licenceBody')}</Text>
      </Modal>
    </AuthFrame>
  );
}
