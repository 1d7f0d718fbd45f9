/**
 * /messenger and /messenger/:chatId: the chat list beside the open chat on wide screens; on phones
 * (under 48em) the two are separate screens (the list at /messenger, the chat with a back button).
 */
import { Center, Stack, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconMessages } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { CHAT_ID_RE } from '../../../shared/messenger/contract';
import { useDocumentTitle } from '../components/useDocumentTitle';
import { useSession } from '../services';
import { ChatList } from './ChatList';
import { Conversation } from './Conversation';
import './messenger.css';

export function MessengerPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('messenger.title'));
  const session = useSession();
  const me = session.status === 'signedIn' ? session.user.sub : '';
  const params = useParams();
  const chatId = params.chatId && CHAT_ID_RE.test(params.chatId) ? params.chatId : '';
  const phone = useMediaQuery('(max-width: 47.99em)', false, { getInitialValueInEffect: false });
  const showList = !phone || !chatId;
  const showChat = !phone || !!chatId;

  return (
    <div className="messenger" data-testid="messenger" data-layout={phone ? 'phone' : 'wide'}>
      {showList ? (
        <aside className="messenger-list" aria-label={t('messenger.list.label')}>
          <ChatList activeId={chatId} me={me} />
        </aside>
      ) : null}
      {showChat ? (
        <section className="messenger-chat" aria-label={t('messenger.chat.label')}>
          {chatId ? (
            <Conversation key={chatId} chatId={chatId} me={me} phone={phone} />
          ) : (
            <Center h="100%" data-testid="no-chat">
              <Stack align="center" gap="xs">
                <IconMessages size={48} stroke={1.2} color="var(--mantine-color-dimmed)" aria-hidden="true" />
                <Text c="dimmed">{params.chatId ? t('messenger.chat.notFound') : t('messenger.chat.pick')}</Text>
              </Stack>
            </Center>
          )}
        </section>
      ) : null}
    </div>
  );
}
