'use client';

import { DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors } from '@dnd-kit/core';
import { CSS } from '@dnd-kit/utilities';
import Link from 'next/link';
import { useEffect, useState, useTransition } from 'react';
import { moveOpportunityAction } from '@/app/actions/opportunities';
import { Alert } from '@/components/ui/alert';
import { formatMoney } from '@/lib/format';

export type Stage = { id: string; name: string; probability: number; is_won: boolean; is_lost: boolean };
export type Card = { id: string; name: string; amount: string; currency: string; stage_id: string; probability: number | null; account_name: string | null; owner_name: string | null };

/**
 * The pipeline board. Cards move by drag and drop, or — for keyboards and anyone who cannot
 * drag (WCAG 2.2, 2.5.7) — with the "Move to" menu on each card. Moving to a lost stage asks
 * for a reason first. The move shows at once and is undone if the server refuses it.
 */
export function Board({ stages, initialCards, canMove }: { stages: Stage[]; initialCards: Card[]; canMove: boolean }) {
  const [cards, setCards] = useState(initialCards);
  // A live refresh (someone else moved a card) re-renders the page with new cards.
  useEffect(() => setCards(initialCards), [initialCards]);
  const [error, setError] = useState<string | null>(null);
  const [pendingLost, setPendingLost] = useState<{ cardId: string; stageId: string } | null>(null);
  const [reason, setReason] = useState('');
  const [, start] = useTransition();
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 6 } }), useSensor(KeyboardSensor));

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
            <button type="submit" className="min-h-10 rounded-md bg-red-700 px-4 text-sm text-white">Mark lost</button>
            <button type="button" onClick={() => setPendingLost(null)} className="min-h-10 rounded-md border border-slate-300 bg-white px-4 text-sm">Cancel</button>
          </div>
        </form>
      ) : null}
      <DndContext sensors={sensors} onDragEnd={onDragEnd}>
        <div className="flex flex-col gap-4 md:grid md:auto-cols-[minmax(15rem,1fr)] md:grid-flow-col md:overflow-x-auto md:pb-2" data-testid="board">
          {stages.map((stage) => (
            <Column key={stage.id} stage={stage} cards={cards.filter((c) => c.stage_id === stage.id)} stages={stages} canMove={canMove} onMove={move} />
          ))}
        </div>
      </DndContext>
    </div>
  );
}

function Column({ stage, cards, stages, canMove, onMove }: { stage: Stage; cards: Card[]; stages: Stage[]; canMove: boolean; onMove: (cardId: string, stageId: string) => void }) {
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  const currency = cards[0]?.currency ?? 'EUR';
  const total = cards.reduce((sum, c) => sum + Number(c.amount), 0);
  const weighted = cards.reduce((sum, c) => sum + (Number(c.amount) * (c.probability ?? stage.probability)) / 100, 0);
  return (
    <section ref={setNodeRef} aria-labelledby={`stage-${stage.id}`} className={`rounded-lg border p-3 ${isOver ? 'border-brand-600 bg-blue-50' : 'border-slate-200 bg-slate-100'}`} data-testid="board-column">
      <h2 id={`stage-${stage.id}`} className="font-semibold">
        {stage.name} <span className="font-normal text-slate-700">({cards.length})</span>
      </h2>
      <p className="mb-2 text-xs text-slate-700" data-testid="column-total">
        {formatMoney(total, currency)} · weighted {formatMoney(weighted, currency)}
      </p>
      <ul className="space-y-2">
        {cards.map((card) => (
          <DraggableCard key={card.id} card={card} stages={stages} canMove={canMove} onMove={onMove} />
        ))}
      </ul>
    </section>
  );
}

function DraggableCard({ card, stages, canMove, onMove }: { card: Card; stages: Stage[]; canMove: boolean; onMove: (cardId: string, stageId: string) => void }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: card.id, disabled: !canMove });
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
