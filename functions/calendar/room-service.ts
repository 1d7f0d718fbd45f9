import type { RoomBody, RoomView, UpdateRoomBody } from '../../shared/calendar/contract';

/** Scaffold: replaced by the helper that owns this file. */
const notBuilt = (what: string): never => {
  throw new Error(`${what}: not built yet`);
};

export const listRooms = async (): Promise<RoomView[]> => notBuilt('listRooms');
export const createRoom = async (_body: RoomBody): Promise<RoomView> => notBuilt('createRoom');
export const updateRoom = async (_roomId: string, _body: UpdateRoomBody): Promise<RoomView> => notBuilt('updateRoom');
export const deleteRoom = async (_roomId: string): Promise<void> => notBuilt('deleteRoom');
