import { idempotencyMiddleware, newId, repositoriesFor, systemClock, tableRef } from '#shared/container';
import { taskCreateSchema, taskListQuery, taskPatchSchema } from '#shared/domain/task';
import { callerId } from '#shared/http/caller';
import { httpHandler, jsonBody, pathParam, queryParams } from '#shared/http/http-handler';
import { EVERYONE, SALES_WORK } from '#shared/http/route-roles';
import { ADMIN_MAX_BYTES, type RouteSpec } from '#shared/http/route-spec';
import { json } from '#shared/http/responses';
import { UserPreferenceRepository } from '#shared/store/user-preference-repository';
import { userDirectory } from '#shared/users/users-config';
import { createTask, getTask, listTasks, patchTask } from '#shared/use-cases/manage-tasks';
import { changeCurrentUser, currentUser, listUsers } from '#shared/use-cases/manage-users';
import { userChangeSchema } from '#shared/domain/user-change';

const { contacts, companies, tasks } = repositoriesFor(tableRef());
const ports = {
  tasks,
  settings: new UserPreferenceRepository(tableRef()),
  users: userDirectory(),
  contacts,
  companies,
  clock: systemClock,
  newId,
};

/** The routes this function serves (the manifest declares the same for API Gateway). */
export const routes = [
  { method: 'GET', path: '/v1/users', auth: 'admin', roles: EVERYONE },
  { method: 'GET', path: '/v1/users/me', auth: 'admin', roles: EVERYONE },
  { method: 'PATCH', path: '/v1/users/me', auth: 'admin', roles: EVERYONE, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'GET', path: '/v1/tasks', auth: 'admin', roles: EVERYONE },
  { method: 'POST', path: '/v1/tasks', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
  { method: 'GET', path: '/v1/tasks/{id}', auth: 'admin', roles: EVERYONE },
  { method: 'PATCH', path: '/v1/tasks/{id}', auth: 'admin', roles: SALES_WORK, maxBodyBytes: ADMIN_MAX_BYTES },
] as const satisfies readonly RouteSpec[];

export const handler = httpHandler(
  routes,
  {
    'GET /v1/users': async () => json(200, await listUsers(ports)),
    'GET /v1/users/me': async (event) => json(200, await currentUser(ports, callerId(event))),
    'PATCH /v1/users/me': async (event) => json(200, await changeCurrentUser(ports, callerId(event), jsonBody(event, userChangeSchema, 'user change'))),
    'GET /v1/tasks': async (event) => json(200, await listTasks(ports, callerId(event), queryParams(event, taskListQuery))),
    'POST /v1/tasks': async (event) => json(201, await createTask(ports, callerId(event), jsonBody(event, taskCreateSchema, 'task'))),
    'GET /v1/tasks/{id}': async (event) => json(200, await getTask(ports, pathParam(event, 'id'))),
    'PATCH /v1/tasks/{id}': async (event) => json(200, await patchTask(ports, pathParam(event, 'id'), jsonBody(event, taskPatchSchema, 'task change'))),
  },
  [idempotencyMiddleware()],
);
