import { createFeatureHandler, reply } from '../../shared/runtime/feature-handler';
import { createCalendar, deleteCalendar, listCalendars, shareCalendar, updateCalendar } from './calendar-service';
import { attendeeCopies } from './attendee-copies';
import { createEvent, deleteEvent, getEvent, updateEvent } from '../../shared/calendar/writes';
import { freeBusy } from './free-busy-service';
import { guestAnswer, guestInvitation } from './guest-service';
import { listEvents, listInvitations } from './list-service';
import { meetingNotices } from './meeting-notices';
import { sendDueReminders } from './reminders';
import { createRoom, deleteRoom, listRooms, updateRoom } from './room-service';
import { calendarFeature } from './routes';
import { rsvp } from './rsvp-service';
import { getSettings, saveSettings } from './settings-service';
import { getSync, regenerateSync, revokeSync } from './sync-service';

export const handler = createFeatureHandler(calendarFeature, {
  http: {
    listCalendars: ({ user }) => listCalendars(user),
    createCalendar: async ({ user, body }) => reply(201, await createCalendar(user, body)),
    updateCalendar: ({ user, params, body }) => updateCalendar(user, params.calendarId, body),
    deleteCalendar: async ({ user, params }) => {
      await deleteCalendar(user, params.calendarId);
      return reply(204);
    },
    shareCalendar: ({ user, params, body }) => shareCalendar(user, params.calendarId, body),
    listEvents: ({ user, query }) => listEvents(user, query),
    createEvent: async ({ user, body }) => reply(201, await createEvent(user, body)),
    getEvent: ({ user, params }) => getEvent(user, params.eventId),
    updateEvent: ({ user, params, body }) => updateEvent(user, params.eventId, body),
    deleteEvent: async ({ user, params, query }) => {
      await deleteEvent(user, params.eventId, query);
      return reply(204);
    },
    rsvp: ({ user, params, body }) => rsvp(user, params.eventId, body),
    invitations: ({ user, query }) => listInvitations(user, query),
    freeBusy: ({ user, query }) => freeBusy(user, query),
    listRooms: () => listRooms(),
    createRoom: async ({ body }) => reply(201, await createRoom(body)),
    updateRoom: ({ params, body }) => updateRoom(params.roomId, body),
    deleteRoom: async ({ params }) => {
      await deleteRoom(params.roomId);
      return reply(204);
    },
    getSettings: ({ user }) => getSettings(user),
    saveSettings: ({ user, body }) => saveSettings(user, body),
    getSync: ({ user, event }) => getSync(user, event),
    regenerateSync: ({ user, event }) => regenerateSync(user, event),
    revokeSync: async ({ user }) => {
      await revokeSync(user);
      return reply(204);
    },
    guestInvitation: ({ params, event }) => guestInvitation(params.token, event),
    guestAnswer: ({ params, body, event }) => guestAnswer(params.token, body, event),
  },
  streams: {
    attendeeCopies: (changes, ctx) => attendeeCopies(changes, ctx),
    meetingNotices: (changes, ctx) => meetingNotices(changes, ctx),
  },
  schedules: {
    reminders: async (ctx) => {
      await sendDueReminders(ctx);
    },
  },
});
