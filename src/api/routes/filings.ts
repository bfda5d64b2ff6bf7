import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listFilings } from '../../db/filings.js';
import { requireReader } from '../auth.js';
import type { ApiDeps } from '../deps.js';
import { ERROR_RESPONSES } from '../errors.js';
import { isoDates } from '../iso-dates.js';
import { Filings, FilingsQuery } from '../schemas/filings.js';

export const filingRoutes =
  ({ db }: ApiDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/filings', {
      schema: {
        tags: ['money'],
        summary: '备案: street approvals within the street’s authority, filed with the county',
        querystring: FilingsQuery,
        response: {
          200: Filings,
          ...ERROR_RESPONSES,
        },
      },
      handler: async (request) => {
        const { actor } = request;
        const county = request.query.orgCode ?? actor.org;
        requireReader(actor, 'filings', county);
        const rows = await listFilings(db, county, request.query.limit);
        return { items: rows.map(({ countyCode: _county, ...f }) => isoDates(f)) };
      },
    });
  };
