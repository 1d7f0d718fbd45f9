/**
 * Sharing a file or folder: who has access (people and departments, with Read / Edit / Full, changeable
 * and removable) and a form to add someone. Shares on a folder apply to everything under it.
 */
import { Alert, Modal, Stack } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RIGHTS, type NodeView, type Right } from '../../../shared/drive/contract';
import { SharePicker, type SharePick } from '../components/share/SharePicker';
import { ShareList, ShareRow } from '../components/share/ShareRow';
import { usePutShare, useRemoveShare, useShares } from './api';
import { errorText } from './dialogs';

const RIGHT_WIDTH = 110;

export function ShareDialog({ node, onClose }: { node: NodeView | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={node !== null}
      onClose={onClose}
      title={node ? t('drive.share.title', { name: node.name }) : ''}
      size="lg"
      centered
      data-testid="share-dialog"
    >
      {node ? <ShareBody node={node} /> : null}
    </Modal>
  );
}

function ShareBody({ node }: { node: NodeView }) {
  const { t } = useTranslation();
  const shares = useShares(node.nodeId, true);
  const put = usePutShare();
  const remove = useRemoveShare();
  const [error, setError] = useState<string | null>(null);
  const rights = RIGHTS.map((r) => ({ value: r, label: t(`drive.share.rights.${r}`) }));

  // Saved at once: the pick is cleared once the server took it.
  const add = async ({ type, id, access }: SharePick<Right>) => {
    if (!id) {
      setError(t('drive.share.pickSomeone'));
      return false;
    }
    setError(null);
    try {
      await put.mutateAsync({ nodeId: node.nodeId, principalType: type, principalId: id, right: access });
      return true;
    } catch (e) {
      setError(errorText(e, t));
      return false;
    }
  };

  return (
    <Stack>
      <Stack gap="xs">
        <SharePicker
          words={{
            with: t('drive.share.with'),
            people: t('drive.share.people'),
            departments: t('drive.share.departments'),
            findPerson: t('drive.share.findPerson'),
            findDepartment: t('drive.share.findDepartment'),
            nobody: t('drive.share.nobody'),
            access: t('drive.share.right'),
            add: t('drive.share.add'),
          }}
          accessOptions={rights}
          initialAccess="read"
          accessWidth={RIGHT_WIDTH}
          hint={(r) => t(`drive.share.rightHints.${r}`)}
          onAdd={add}
          addButton={{ loading: put.isPending }}
          testIds={{
            type: 'share-type',
            target: 'share-principal',
            access: 'share-right',
            add: 'share-add',
            option: 'share-option',
          }}
        />
        {error ? (
          <Alert color="red" variant="light" role="alert" data-testid="share-error">
            {error}
          </Alert>
        ) : null}
      </Stack>
      <ShareList
        title={t('drive.share.current')}
        none={t('drive.share.none')}
        pending={shares.isPending}
        loadingLabel={t('common.loading')}
        testIds={{ list: 'share-list', none: 'share-none' }}
      >
        {(shares.data ?? []).map((s) => {
          const label = s.principalName ?? s.principalId;
          return (
            <ShareRow
              key={`${s.principalType}:${s.principalId}`}
              type={s.principalType}
              name={label}
              access={s.right}
              accessOptions={rights}
              accessWidth={RIGHT_WIDTH}
              onAccessChange={(r) =>
                put.mutate({
                  nodeId: node.nodeId,
                  principalType: s.principalType,
                  principalId: s.principalId,
                  right: r,
                })
              }
              onRemove={() =>
                remove.mutate({ nodeId: node.nodeId, principalType: s.principalType, principalId: s.principalId })
              }
              words={{
                access: t('drive.share.right'),
                department: t('drive.share.department'),
                remove: (name) => t('drive.share.remove', { name }),
              }}
              testIds={{ row: 'share-row', access: 'share-row-right', remove: 'share-remove' }}
              data={{ 'data-principal': s.principalId, 'data-right': s.right }}
            />
          );
        })}
      </ShareList>
    </Stack>
  );
}
