'use client';

import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { CSS } from '@dnd-kit/utilities';
import Link from 'next/link';
import { useEffect, useState, useTransition } from 'react';
import { moveOpportunityAction } from '@/app/actions/opportunities';
import { Alert } from '@/components/ui/alert';
import { formatMoney } from '@/lib/format';

export type Stage = { id: string; name: string; probability: number; is_won: boolean; is_lost: boolean };
export type Card = { id: string; name: string; amount: string; currency: string; stage_id: string; probability: number | null; account_name: string | null; owner_name: string | null };
/** A column's count and sums per currency, from the database (lib/crm/opportunities.ts boardTotals). */
export type ColumnTotal = { stage_id: string; currency: string; deals: number; amount: string; weighted: string };
/** What a pipeline board leaves out, said on its columns: deals closed longer ago, cards past the per-column limit. */
export type BoardLimits = { closedDays: number; listHrefBase: string };

type Sums = { deals: number; byCurrency: Map<string, { amount: number; weighted: number }> };

/**
 * The database's totals per column, corrected for the moves shown optimistically since they were
 * read (a live refresh brings new totals soon after).
 */
function columnSums(totals: ColumnTotal[], initial: Card[], current: Card[], stages: Stage[]): Map<string, Sums> {
  const sums = new Map<string, Sums>();
  const at = (stageId: string) => {
    const entry = sums.get(stageId) ?? { deals: 0, byCurrency: new Map() };
    sums.set(stageId, entry);
    return entry;
  };
  const add = (stageId: string, currency: string, deals: number, amount: number, weighted: number) => {
    const entry = at(stageId);
    entry.deals += deals;
    const money = entry.byCurrency.get(currency) ?? { amount: 0, weighted: 0 };
    entry.byCurrency.set(currency, { amount: money.amount + amount, weighted: money.weighted + weighted });
  };
  for (const t of totals) add(t.stage_id, t.currency, t.deals, Number(t.amount), Number(t.weighted));
  const probabilityOf = (card: Card) => card.probability ?? stages.find((s) => s.id === card.stage_id)?.probability ?? 0;
  for (const card of current) {
    const before = initial.find((c) => c.id === card.id);
    if (!before || before.stage_id === card.stage_id) continue;
    const amount = Number(card.amount);
    add(before.stage_id, card.currency, -1, -amount, -(amount * probabilityOf(before)) / 100);
    add(card.stage_id, card.currency, 1, amount, (amount * probabilityOf(card)) / 100);
  }
  return sums;
}

const NEXT_KEYS = ['ArrowRight', 'ArrowDown'];
const PREVIOUS_KEYS = ['ArrowLeft', 'ArrowUp'];

/**
 * Keyboard dragging moves a card one stage per arrow key (not a few pixels): to the middle of
 * the next or previous column, in the board's order.
 */
function stageByStage(stageIds: string[]): KeyboardCoordinateGetter {
  return (event, { context }) => {
    const forward = NEXT_KEYS.includes(event.code);
    if (!forward && !PREVIOUS_KEYS.includes(event.code)) return undefined;
    event.preventDefault();
    const at = context.over ? stageIds.indexOf(String(context.over.id)) : -1;
    const from = at >= 0 ? at : stageIds.indexOf((context.active?.data.current as { stageId?: string } | undefined)?.stageId ?? '');
    const target = stageIds[Math.min(stageIds.length - 1, Math.max(0, from + (forward ? 1 : -1)))];
    const rect = target ? context.droppableRects.get(target) : undefined;
    if (!rect) return undefined;
    return { x: rect.left + rect.width / 2 - (context.collisionRect?.width ?? 0) / 2, y: rect.top + 48 };
  };
}

/** What a screen reader hears while a card is moved: the card's and the stages' names. */
function announcementsFor(cards: Card[], stages: Stage[]): Announcements {
  const card = (id: string | number) => cards.find((c) => c.id === String(id))?.name ?? 'The opportunity';
  const stage = (id: string | number) => stages.find((s) => s.id === String(id))?.name ?? 'a stage';
  const pickedUp = (id: string | number, home: string | undefined) =>
    `Picked up ${card(id)}${home ? ` in ${stage(home)}` : ''}. Arrow keys move it one stage at a time; Space drops it, Escape cancels.`;
  return {
    onDragStart: ({ active }) => pickedUp(active.id, (active.data.current as { stageId?: string } | undefined)?.stageId),
    // Over the stage it started in is where it was picked up: say that, not just "over".
    onDragOver: ({ active, over }) => {
      const home = (active.data.current as { stageId?: string } | undefined)?.stageId;
      if (!over) return `${card(active.id)} is not over a stage.`;
      return String(over.id) === home ? pickedUp(active.id, home) : `${card(active.id)} is over ${stage(over.id)}.`;
    },
    onDragEnd: ({ active, over }) => (over ? `${card(active.id)} was dropped on ${stage(over.id)}.` : `${card(active.id)} was dropped where it was.`),
    onDragCancel: ({ active }) => `Moving ${card(active.id)} was cancelled; it stays where it was.`,
  };
}

/**
 * The pipeline board. Cards move by drag and drop, or — for keyboards and anyone who cannot
 * drag (WCAG 2.2, 2.5.7) — with the "Move to" menu on each card. Moving to a lost stage asks
 * for a reason first. The move shows at once and is undone if the server refuses it.
 */
type BoardProps = {
  stages: Stage[];
  initialCards: Card[];
  /** The database's totals of every column (the board shows a column's latest cards only). */
  totals: ColumnTotal[];
  limits: BoardLimits;
  canMove: boolean;
};

export function Board({ stages, initialCards, totals, limits, canMove }: BoardProps) {
  const [cards, setCards] = useState(initialCards);
  // A live refresh (someone else moved a card) re-renders the page with new cards.
  useEffect(() => setCards(initialCards), [initialCards]);
  const [error, setError] = useState<string | null>(null);
  const [pendingLost, setPendingLost] = useState<{ cardId: string; stageId: string } | null>(null);
  const [reason, setReason] = useState('');
  const [, start] = useTransition();
  const stageIds = stages.map((s) => s.id);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor, { coordinateGetter: stageByStage(stageIds) }));
  // On a phone one stage shows at a time, chosen from a picker, instead of every column stacked.
  const [shownStage, setShownStage] = useState(stages[0]?.id ?? '');

  const move = (cardId: string, stageId: string, lostReason?: string) => {
    const card = cards.find((c) => c.id === cardId);
    const stage = stages.find((s) => s.id === stageId);
    if (!card || !stage || card.stage_id === stageId) return;
    if (stage.is_lost && !lostReason) return setPendingLost({ cardId, stageId });
    const previous = cards;
    setCards(cards.map((c) => (c.id === cardId ? { ...c, stage_id: stageId, probability: stage.probability } : c)));
    setError(null);
    start(async () => {
      const result = await moveOpportunityAction({ id: cardId, stage_id: stageId, lost_reason: lostReason });
      if (!result.ok) {
        setCards(previous);
        setError(result.message);
      }
    });
  };

  const sums = columnSums(totals, initialCards, cards, stages);

  const onDragEnd = (event: DragEndEvent) => {
    if (event.over) move(String(event.active.id), String(event.over.id));
  };

  return (
    <div className="space-y-3">
      {error ? <Alert>{error}</Alert> : null}
      <p role="status" aria-live="polite" className="sr-only">
        {error ?? ''}
      </p>
      {pendingLost ? (
        <form
          className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (reason.trim().length < 3) return setError('Say why this opportunity was lost.');
            move(pendingLost.cardId, pendingLost.stageId, reason.trim());
            setPendingLost(null);
            setReason('');
          }}
        >
          <label htmlFor="lost-reason" className="block text-sm font-medium">
            Why was “{cards.find((c) => c.id === pendingLost.cardId)?.name}” lost?
          </label>
          {/* biome-ignore lint/a11y/noAutofocus: the form appears because the user just chose "lost"; the reason is what they type next */}
          <input id="lost-reason" autoFocus value={reason} onChange={(e) => setReason(e.target.value)} className="block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm" />
          <div className="flex gap-2">
            <button type="submit" className="min-h-10 rounded-md bg-danger px-4 text-sm text-on-accent">Mark lost</button>
            <button type="button" onClick={() => setPendingLost(null)} className="min-h-10 rounded-md border border-slate-300 bg-white px-4 text-sm">Cancel</button>
          </div>
        </form>
      ) : null}
      <div className="md:hidden">
        <label htmlFor="board-stage" className="block text-sm font-medium">
          Stage
        </label>
        <select id="board-stage" value={shownStage} onChange={(e) => setShownStage(e.target.value)} className="mt-1 block min-h-10 w-full rounded-md border border-slate-300 bg-white px-3 text-sm">
          {stages.map((stage) => (
            <option key={stage.id} value={stage.id}>
              {stage.name} ({sums.get(stage.id)?.deals ?? 0})
            </option>
          ))}
        </select>
      </div>
      <DndContext id="pipeline-board" sensors={sensors} onDragEnd={onDragEnd} accessibility={{ announcements: announcementsFor(cards, stages) }}>
        <div className="flex flex-col gap-4 md:grid md:auto-cols-[minmax(15rem,1fr)] md:grid-flow-col md:overflow-x-auto md:pb-2" data-testid="board">
          {stages.map((stage) => (
            <Column
              hiddenOnPhone={stage.id !== shownStage}
              key={stage.id}
              stage={stage}
              cards={cards.filter((c) => c.stage_id === stage.id)}
              sums={sums.get(stage.id) ?? { deals: 0, byCurrency: new Map() }}
              limits={limits}
              stages={stages}
              canMove={canMove}
              onMove={move}
            />
          ))}
        </div>
      </DndContext>
    </div>
  );
}

type ColumnProps = { hiddenOnPhone: boolean; stage: Stage; cards: Card[]; sums: Sums; limits: BoardLimits; stages: Stage[]; canMove: boolean; onMove: (cardId: string, stageId: string) => void };

function Column({ hiddenOnPhone, stage, cards, sums, limits, stages, canMove, onMove }: ColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  const money = [...sums.byCurrency.entries()].filter(([, m]) => m.amount !== 0 || sums.byCurrency.size === 1);
  const closed = stage.is_won || stage.is_lost;
  return (
    <section ref={setNodeRef} aria-labelledby={`stage-${stage.id}`} className={`rounded-lg border p-3 ${hiddenOnPhone ? 'hidden md:block' : ''} ${isOver ? 'border-brand-600 bg-blue-50' : 'border-slate-200 bg-slate-100'}`} data-testid="board-column">
      <h2 id={`stage-${stage.id}`} className="font-semibold">
        {stage.name} <span className="font-normal text-slate-700">({sums.deals})</span>
      </h2>
      {closed ? <p className="text-xs text-slate-700" data-testid="column-period">Closed in the last {limits.closedDays} days</p> : null}
      <p className="mb-2 text-xs text-slate-700" data-testid="column-total">
        {money.length === 0 ? formatMoney(0, 'EUR') : money.map(([currency, m]) => `${formatMoney(m.amount, currency)} · weighted ${formatMoney(m.weighted, currency)}`).join(' / ')}
      </p>
      {sums.deals > cards.length ? (
        <p className="mb-2 text-xs" data-testid="column-more">
          Showing the {cards.length} most recently updated of {sums.deals}.{' '}
          <Link href={`${limits.listHrefBase}${stage.id}`} className="text-brand-700 underline">
            See all in the list
          </Link>
        </p>
      ) : null}
      <ul className="space-y-2">
        {cards.map((card) => (
          <DraggableCard key={card.id} card={card} stages={stages} canMove={canMove} onMove={onMove} />
        ))}
      </ul>
    </section>
  );
}

function DraggableCard({ card, stages, canMove, onMove }: { card: Card; stages: Stage[]; canMove: boolean; onMove: (cardId: string, stageId: string) => void }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: card.id, disabled: !canMove, data: { stageId: card.stage_id } });
  return (
    <li ref={setNodeRef} style={{ transform: CSS.Translate.toString(transform) }} className={`rounded-md border border-slate-200 bg-white p-3 text-sm shadow-sm ${isDragging ? 'opacity-70' : ''}`} data-testid="board-card">
      <div className="flex items-start gap-2">
        {canMove ? (
          <button type="button" {...listeners} {...attributes} aria-label={`Drag ${card.name}`} className="min-h-6 min-w-6 cursor-grab rounded text-slate-600 hover:bg-slate-100">
            ⠿
          </button>
        ) : null}
        <div className="min-w-0 grow">
          <Link href={`/opportunities/${card.id}`} className="font-medium text-brand-700 hover:underline">
            {card.name}
          </Link>
          <p className="text-slate-700">
            {formatMoney(card.amount, card.currency)}
            {card.account_name ? ` · ${card.account_name}` : ''}
          </p>
          {card.owner_name ? <p className="text-xs text-slate-600">{card.owner_name}</p> : null}
        </div>
      </div>
      {canMove ? (
        <div className="mt-2">
          <label htmlFor={`move-${card.id}`} className="sr-only">
            Move {card.name} to stage
          </label>
          <select id={`move-${card.id}`} value={card.stage_id} onChange={(e) => onMove(card.id, e.target.value)} className="block min-h-8 w-full rounded border border-slate-300 bg-white px-2 text-xs">
            {stages.map((s) => (
              <option key={s.id} value={s.id}>
                Move to: {s.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
    </li>
  );
}
