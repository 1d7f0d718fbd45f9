/**
 * My profile: names, position, phone (versioned: a 409 shows the saved version and lets the person take
 * it or overwrite with theirs), and the photo (presigned upload with a progress bar, then the thumbnail).
 */
import {
  Alert,
  Button,
  Card,
  FileButton,
  Grid,
  Group,
  Progress,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconDeviceFloppy, IconPhotoUp } from '@tabler/icons-react';
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { EmailText } from '../components/EmailText';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { RoleBadge } from '../components/UserMenu';
import {
  MAX_PHOTO_BYTES,
  PHOTO_TYPES,
  useMyProfile,
  usePhotoUrl,
  useSaveProfile,
  useUploadPhoto,
  type Profile,
  type ProfileInput,
} from './api';
import { PersonAvatar } from './PersonAvatar';
import { NotificationSettings } from '../notifications/NotificationSettings';
import { TimeZoneCard } from './TimeZoneCard';

const LIMITS = { firstName: 60, lastName: 60, position: 100, phone: 32 } as const;
const PHONE = /^\+?[0-9][0-9 ().-]{3,30}$/;
type Field = keyof ProfileInput;
const FIELDS: Field[] = ['firstName', 'lastName', 'position', 'phone'];

const toInput = (p: Profile): ProfileInput => ({
  firstName: p.firstName,
  lastName: p.lastName,
  position: p.position,
  phone: p.phone,
});

function PhotoCard({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const resetRef = useRef<() => void>(null);
  const thumb = usePhotoUrl(profile.userId, 'thumb', profile.hasPhoto);
  const upload = useUploadPhoto((f) => setProgress(f));
  const name = `${profile.firstName} ${profile.lastName}`.trim() || profile.email;
  const busy = upload.isPending;

  const pick = (file: File | null) => {
    resetRef.current?.();
    if (!file) return;
    setError(null);
    if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) return setError(t('people.photo.wrongType'));
    if (file.size > MAX_PHOTO_BYTES) return setError(t('people.photo.tooBig'));
    setProgress(0);
    upload.mutate(file, {
      onSuccess: (r) => {
        notifications.show({
          color: 'teal',
          message: r.thumbnail ? t('people.photo.done') : t('people.photo.noThumbnail'),
        });
        setProgress(null);
      },
      onError: (e) => {
        setProgress(null);
        setError(
          e instanceof ApiError && e.status !== 0 && e.status < 500
            ? `${t('people.photo.failed')} ${e.message}`
            : t('people.photo.failed'),
        );
      },
    });
  };

  const percent = Math.round((progress ?? 0) * 100);
  return (
    <Card
      withBorder
      radius="lg"
      padding="lg"
      component="section"
      aria-labelledby="photo-title"
      data-testid="photo-card"
    >
      <Title order={2} size="h4" id="photo-title" mb="md">
        {t('people.photo.title')}
      </Title>
      <Stack align="center" gap="md">
        <PersonAvatar
          size={128}
          userId={profile.userId}
          firstName={profile.firstName}
          lastName={profile.lastName}
          email={profile.email}
          src={thumb.data?.url}
          alt={t('people.photo.alt', { name })}
          data-testid="profile-photo"
          data-has-photo={profile.hasPhoto ? 'true' : 'false'}
        />
        {profile.version === 0 ? (
          <Text size="sm" c="dimmed" ta="center">
            {t('people.photo.needsProfile')}
          </Text>
        ) : (
          <>
            <FileButton onChange={pick} accept={PHOTO_TYPES.join(',')} resetRef={resetRef} disabled={busy}>
              {(props) => (
                <Button
                  {...props}
                  variant="light"
                  leftSection={<IconPhotoUp size={16} aria-hidden="true" />}
                  loading={busy}
                  data-testid="photo-choose"
                >
                  {profile.hasPhoto ? t('people.photo.replace') : t('people.photo.choose')}
                </Button>
              )}
            </FileButton>
            <Text size="xs" c="dimmed" ta="center">
              {t('people.photo.hint')}
            </Text>
          </>
        )}
        {progress !== null ? (
          <Stack gap={4} w="100%" data-testid="photo-progress">
            <Progress
              value={percent}
              size="lg"
              radius="xl"
              animated={percent >= 100}
              aria-label={t('people.photo.uploading', { percent })}
            />
            <Text size="xs" c="dimmed" ta="center" aria-live="polite">
              {percent >= 100 ? t('people.photo.processing') : t('people.photo.uploading', { percent })}
            </Text>
          </Stack>
        ) : null}
        {error ? (
          <Alert color="red" variant="light" role="alert" w="100%" data-testid="photo-error">
            {error}
          </Alert>
        ) : null}
      </Stack>
    </Card>
  );
}

function ProfileForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const [values, setValues] = useState<ProfileInput>(() => toInput(profile));
  /** The saved profile the form was filled from; its version is the one a save is based on. */
  const [baseline, setBaseline] = useState(profile);
  const base = baseline.version;
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [conflict, setConflict] = useState<Profile | null>(null);
  const save = useSaveProfile();

  // A newer version arriving from the server (another tab saved, a photo changed it) while nothing is edited:
  // adopt it during render (React's pattern for state derived from a changing prop).
  const dirty = FIELDS.some((f) => values[f] !== baseline[f]);
  const [seen, setSeen] = useState(profile.version);
  if (seen !== profile.version) {
    setSeen(profile.version);
    // While the person is editing, keep the version they started from: saving then gets the 409.
    if (!conflict && !dirty) {
      setBaseline(profile);
      setValues(toInput(profile));
    }
  }

  const validate = (v: ProfileInput) => {
    const e: Partial<Record<Field, string>> = {};
    for (const f of FIELDS) if (v[f].trim().length > LIMITS[f]) e[f] = t('people.profile.tooLong', { max: LIMITS[f] });
    if (!v.firstName.trim()) e.firstName = t('people.profile.required');
    if (!v.lastName.trim()) e.lastName = t('people.profile.required');
    if (v.phone.trim() && !PHONE.test(v.phone.trim())) e.phone = t('people.profile.phoneInvalid');
    return e;
  };

  const submit = (version: number) => {
    const e = validate(values);
    setErrors(e);
    if (Object.keys(e).length) return;
    const input = Object.fromEntries(FIELDS.map((f) => [f, values[f].trim()])) as unknown as ProfileInput;
    save.mutate(
      { input, version },
      {
        onSuccess: (r) => {
          if ('conflict' in r) return setConflict(r.conflict);
          const p = r.saved;
          setConflict(null);
          setBaseline(p);
          setValues(toInput(p));
          notifications.show({ color: 'teal', message: t('people.profile.saved') });
        },
        onError: (err) => {
          // The portal-wide handler tells the person; here the fields the server named are marked.
          if (err instanceof ApiError && err.fields?.length) {
            const fe: Partial<Record<Field, string>> = {};
            for (const f of err.fields) if ((FIELDS as string[]).includes(f.path)) fe[f.path as Field] = f.reason;
            setErrors(fe);
          }
        },
      },
    );
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit(base);
  };

  const field = (
    f: Field,
    extra: { placeholder?: string; required?: boolean; type?: string; autoComplete?: string },
  ) => (
    <TextInput
      label={t(`people.profile.${f}`)}
      value={values[f]}
      onChange={(e) => {
        const v = e.currentTarget.value;
        setValues((old) => ({ ...old, [f]: v }));
      }}
      error={errors[f]}
      maxLength={LIMITS[f] + 10}
      name={f}
      data-testid={`profile-${f}`}
      withAsterisk={extra.required}
      {...extra}
    />
  );

  return (
    <Card
      withBorder
      radius="lg"
      padding="lg"
      component="form"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="profile-form-title"
      data-testid="profile-form"
    >
      <Group justify="space-between" mb="md" wrap="wrap" gap="xs">
        <Title order={2} size="h4" id="profile-form-title" style={{ minWidth: 0 }}>
          <EmailText email={profile.email} />
        </Title>
        <Group gap="xs">
          <RoleBadge groups={[profile.role]} />
          <Text size="xs" c="dimmed" data-testid="profile-version">
            {t('people.profile.version', { v: base })}
          </Text>
        </Group>
      </Group>
      {profile.version === 0 ? (
        <Alert color="indigo" variant="light" mb="md" data-testid="profile-draft">
          {t('people.profile.draft')}
        </Alert>
      ) : null}
      {conflict ? (
        <Alert
          color="orange"
          variant="light"
          mb="md"
          role="alert"
          icon={<IconAlertTriangle size={18} />}
          title={t('people.profile.conflictTitle')}
          data-testid="profile-conflict"
        >
          <Stack gap="xs">
            <Text size="sm">{t('people.profile.conflictBody')}</Text>
            <Text
              size="sm"
              component="dl"
              style={{ display: 'grid', gridTemplateColumns: 'auto 1fr', gap: '2px 12px', margin: 0 }}
            >
              {FIELDS.map((f) => [
                <dt key={`${f}-t`} style={{ color: 'var(--mantine-color-dimmed)' }}>
                  {t(`people.profile.${f}`)}
                </dt>,
                <dd key={`${f}-d`} style={{ margin: 0, overflowWrap: 'anywhere' }}>
                  {conflict[f] || '—'}
                </dd>,
              ])}
            </Text>
            <Group gap="xs">
              <Button
                size="xs"
                variant="light"
                onClick={() => {
                  setValues(toInput(conflict));
                  setBaseline(conflict);
                  setConflict(null);
                  setErrors({});
                }}
                data-testid="conflict-reload"
              >
                {t('people.profile.conflictReload')}
              </Button>
              <Button
                size="xs"
                color="orange"
                onClick={() => submit(conflict.version)}
                loading={save.isPending}
                data-testid="conflict-overwrite"
              >
                {t('people.profile.conflictOverwrite')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      ) : null}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          {field('firstName', { required: true, autoComplete: 'given-name' })}
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          {field('lastName', { required: true, autoComplete: 'family-name' })}
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          {field('position', {
            placeholder: t('people.profile.positionPlaceholder'),
            autoComplete: 'organization-title',
          })}
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          {field('phone', { placeholder: t('people.profile.phonePlaceholder'), type: 'tel', autoComplete: 'tel' })}
        </Grid.Col>
      </Grid>
      <Group justify="flex-end" mt="lg" gap="sm">
        <Button
          variant="default"
          disabled={!dirty || save.isPending}
          onClick={() => {
            setValues(toInput(baseline));
            setErrors({});
          }}
        >
          {t('people.profile.reset')}
        </Button>
        <Button
          type="submit"
          loading={save.isPending}
          leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />}
          data-testid="profile-save"
        >
          {t('people.profile.save')}
        </Button>
      </Group>
    </Card>
  );
}

export function MyProfilePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('people.profile.title'));
  const q = useMyProfile();
  return (
    <Stack gap="lg" maw={960} data-testid="profile-page">
      <div>
        <Title order={1} fz={{ base: 26, sm: 30 }}>
          {t('people.profile.title')}
        </Title>
        <Text c="dimmed">{t('people.profile.intro')}</Text>
      </div>
      {q.isPending ? (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Skeleton h={300} radius="lg" />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <Skeleton h={300} radius="lg" />
          </Grid.Col>
        </Grid>
      ) : q.isError ? (
        <Alert color="red" variant="light" role="alert" title={t('people.profile.loadError')}>
          <Button size="xs" variant="light" color="red" onClick={() => void q.refetch()}>
            {t('common.retry')}
          </Button>
        </Alert>
      ) : (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>
            <Stack gap="lg">
              <ProfileForm key={q.data.userId} profile={q.data} />
              <TimeZoneCard />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <PhotoCard profile={q.data} />
          </Grid.Col>
        </Grid>
      )}
      <NotificationSettings />
    </Stack>
  );
}
