/** The public results' part of the OpenAPI document: no login, published figures only. */
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } })

const publicFigure = {
  type: 'object',
  properties: {
    unit: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
    survey: { type: 'object', properties: { id: { type: 'string' }, title: { type: 'string' } } },
    n: { type: ['integer', 'null'], description: 'Responses; null when hidden' },
    index: { type: ['number', 'null'], description: 'Satisfaction index, a fraction 0–1; null when hidden or n = 0' },
    ci: { type: ['array', 'null'], items: { type: 'number' }, description: '95% confidence interval [low, high]' },
    target: { type: ['number', 'null'] },
    verdict: { type: ['string', 'null'], enum: ['met', 'not_met', 'undecided', 'too_few', null] },
    hidden: {
      type: ['string', 'null'],
      enum: ['small', 'secondary', null],
      description: 'small: fewer than suppress_below responses; secondary: hidden so that a small figure cannot be worked out as the parent unit minus the shown units beside it',
    },
  },
}

export const publicPaths = {
  '/api/v1/public/results': {
    get: {
      tags: ['public'],
      summary: 'Published results (no login): only periods that the Department of Home Affairs approved and published, from their frozen figures, with small numbers hidden. Without unit: the units with published figures and the published periods; with unit: that unit’s figures per published period and those of the units directly below it',
      parameters: [
        { name: 'unit', in: 'query', required: false, description: 'Unit id', schema: { type: 'integer' } },
        { name: 'lang', in: 'query', required: false, description: 'vi (default) | en: survey titles', schema: { type: 'string' } },
      ],
      responses: {
        200: {
          description: 'Without unit: {suppress_below, units: [{id, name, parent_id, periods: [key]}], periods: [{key, from, to, approved_at, published_at}]}. With unit: {suppress_below, unit, periods: [{key, from, to, approved_at, published_at, figures: [PublicFigure], below: [PublicFigure]}]}',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  suppress_below: { type: 'integer' },
                  unit: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' }, parent_id: { type: ['integer', 'null'] }, periods: { type: 'array', items: { type: 'string' } } } },
                  units: { type: 'array', items: { type: 'object' } },
                  periods: {
                    type: 'array',
                    items: {
                      type: 'object',
                      properties: {
                        key: { type: 'string' },
                        from: { type: 'string', format: 'date' },
                        to: { type: 'string', format: 'date' },
                        approved_at: { type: 'string' },
                        published_at: { type: 'string' },
                        figures: { type: 'array', items: publicFigure },
                        below: { type: 'array', items: publicFigure },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        400: error('invalid_query'),
        404: error('unit_not_found: no such unit, or nothing of it is published'),
      },
    },
  },
}
