// The independent checker lives in libs/application (the dispatch worker runs it too, issue 12).
export { checkStoredPlans, type PlanCheck } from '@app/application';
